package io.secretsagent.premain;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the implementation and every library it bundles from {@code inst/} in the agent jar, where
 * class files are stored as {@code *.classdata}: no other class loader can find them, so the
 * application never sees our Byte Buddy or Azure SDK, nor we its versions.
 *
 * <p>The parent is the platform loader: JDK modules such as {@code java.sql} and {@code
 * java.net.http} are visible, the application class path is not.
 */
final class AgentClassLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  private static final String PREFIX = "inst/";

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain domain;

  AgentClassLoader(File file) throws IOException {
    super(ClassLoader.getSystemClassLoader().getParent());
    this.jar = new JarFile(file, false);
    URL url = file.toURI().toURL();
    this.jarUrl = url.toString();
    this.domain = new ProtectionDomain(new CodeSource(url, (Certificate[]) null), null, this, null);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".classdata");
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = jar.getInputStream(entry)) {
      bytes = readAll(in, (int) entry.getSize());
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    definePackageOf(name);
    return defineClass(name, bytes, 0, bytes.length, domain);
  }

  @SuppressWarnings("deprecation") // getPackage: this class is compiled for release 8
  private void definePackageOf(String className) {
    int dot = className.lastIndexOf('.');
    if (dot > 0) {
      String pkg = className.substring(0, dot);
      if (getPackage(pkg) == null) {
        try {
          definePackage(pkg, null, null, null, null, null, null, null);
        } catch (IllegalArgumentException concurrentlyDefined) {
          // another thread won the race; the package exists
        }
      }
    }
  }

  /** Resources under {@code inst/}; {@code X.class} is served from {@code X.classdata}. */
  @Override
  protected URL findResource(String name) {
    String entry =
        PREFIX
            + (name.endsWith(".class")
                ? name.substring(0, name.length() - 6) + ".classdata"
                : name);
    if (jar.getJarEntry(entry) == null) {
      return null;
    }
    try {
      return new URL("jar:" + jarUrl + "!/" + entry);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null
        ? Collections.<URL>emptyEnumeration()
        : Collections.enumeration(Collections.singletonList(url));
  }

  private static byte[] readAll(InputStream in, int sizeHint) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint > 0 ? sizeHint : 8192);
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) > 0; ) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
