package io.secretsagent.it.spring;

import io.secretsagent.harness.AgentJvm;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.springframework.boot.loader.tools.Library;
import org.springframework.boot.loader.tools.LibraryScope;
import org.springframework.boot.loader.tools.Repackager;

/**
 * {@link BootApp} as an executable Spring Boot jar, made by Boot's own {@link Repackager} (what the
 * spring-boot-maven-plugin's {@code repackage} goal runs): the application's classes under {@code
 * BOOT-INF/classes}, its libraries (HikariCP among them) as nested jars under {@code BOOT-INF/lib},
 * Boot's launcher at the root. Built in the test because the application's dependencies are
 * test-scoped in this module. HikariCP is the version Boot manages (6.3.3, system property {@value
 * #HIKARI_JAR}), as the plugin would package it; the other libraries come from the test class path.
 */
final class BootJar {

  /**
   * The libraries BootApp needs, by jar file name prefix; everything else on the test class path
   * stays out.
   */
  private static final List<String> LIBRARIES =
      List.of(
          "spring-aop-",
          "spring-beans-",
          "spring-boot-3",
          "spring-boot-autoconfigure-",
          "spring-boot-starter-",
          "spring-context-",
          "spring-core-",
          "spring-expression-",
          "spring-jcl-",
          "spring-jdbc-",
          "spring-tx-",
          "micrometer-",
          "jakarta.annotation-api-",
          "snakeyaml-",
          "postgresql-",
          "slf4j-api-",
          "slf4j-simple-");

  static final String HIKARI_JAR = "secrets.it.boot.hikari.jar";

  private BootJar() {}

  /** Writes {@code boot-app.jar} into {@code dir} and returns it. */
  static Path build(Path dir) throws IOException {
    Path plain = dir.resolve("boot-app-plain.jar");
    Path classes = Path.of(AgentJvm.classPathOf(BootApp.class));
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(plain))) {
      String pkg = BootApp.class.getPackageName().replace('.', '/') + "/";
      try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
        for (Path f :
            (Iterable<Path>)
                files.filter(f -> f.getFileName().toString().startsWith("BootApp"))::iterator) {
          copy(f, pkg + f.getFileName(), out);
        }
      }
      copy(classes.resolve("bootapp.properties"), "bootapp.properties", out);
      copy(classes.resolve("simplelogger.properties"), "simplelogger.properties", out);
    }
    Path executable = dir.resolve("boot-app.jar");
    Repackager repackager = new Repackager(plain.toFile());
    repackager.setMainClass(BootApp.class.getName());
    repackager.setBackupSource(false);
    List<File> libraries = libraries();
    repackager.repackage(
        executable.toFile(),
        callback -> {
          for (File jar : libraries) {
            callback.library(new Library(jar, LibraryScope.RUNTIME));
          }
        });
    return executable;
  }

  private static List<File> libraries() {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    File hikari = new File(System.getProperty(HIKARI_JAR, "target/hikaricp/HikariCP-6.3.3.jar"));
    if (!hikari.isFile()) {
      throw new IllegalStateException(
          hikari
              + " is missing: the it module copies it in generate-test-resources (mvn test -pl it)");
    }
    return Stream.concat(
            Stream.of(hikari),
            Stream.of(classPath.split(File.pathSeparator))
                .map(File::new)
                .filter(
                    f ->
                        LIBRARIES.stream().anyMatch(f.getName()::startsWith)
                            && f.getName().endsWith(".jar")))
        .toList();
  }

  private static void copy(Path file, String name, JarOutputStream out) {
    try {
      out.putNextEntry(new JarEntry(name));
      Files.copy(file, (OutputStream) out);
      out.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
