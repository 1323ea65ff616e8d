package io.secretsagent.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds small jars from test classes, e.g. a second agent. */
public final class TestJars {

  private TestJars() {}

  /**
   * An agent jar holding {@code agentClass} (and its nested classes), with retransformation
   * allowed.
   */
  public static Path agent(Path dir, Class<?> agentClass) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", agentClass.getName());
    manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
    Path jar = dir.resolve(agentClass.getSimpleName() + ".jar");
    Path classes =
        Path.of(agentClass.getProtectionDomain().getCodeSource().getLocation().getPath());
    String prefix = agentClass.getName().replace('.', '/');
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
      try (var files = Files.walk(classes)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          String name = classes.relativize(file).toString();
          if (name.equals(prefix + ".class") || name.startsWith(prefix + "$")) {
            jarOut.putNextEntry(new JarEntry(name));
            jarOut.write(Files.readAllBytes(file));
            jarOut.closeEntry();
          }
        }
      }
    }
    return jar;
  }

  /**
   * A copy of {@code jar} whose manifest says another {@code Implementation-Version}: another
   * release.
   */
  public static Path withImplementationVersion(Path jar, Path copy, String version)
      throws IOException {
    try (var in = new java.util.jar.JarFile(jar.toFile())) {
      Manifest manifest = new Manifest(in.getManifest());
      manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
      try (OutputStream out = Files.newOutputStream(copy);
          JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
        for (JarEntry entry : (Iterable<JarEntry>) in.stream()::iterator) {
          if (!entry.getName().equals(java.util.jar.JarFile.MANIFEST_NAME)
              && !entry.getName().equals("META-INF/")) {
            jarOut.putNextEntry(new JarEntry(entry.getName()));
            in.getInputStream(entry).transferTo(jarOut);
            jarOut.closeEntry();
          }
        }
      }
    }
    return copy;
  }

  /** The {@code Implementation-Version} of a jar's manifest. */
  public static String implementationVersion(Path jar) throws IOException {
    try (var in = new java.util.jar.JarFile(jar.toFile())) {
      return in.getManifest().getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
    }
  }
}
