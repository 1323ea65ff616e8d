package io.secretsagent.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java runtime image with only some modules, as {@code jlink} builds for slim containers. Built
 * once under {@code target/jlink} (about 2 s each) and reused by later tests and runs.
 */
public final class RuntimeImage {

  private RuntimeImage() {}

  /**
   * @param modules e.g. {@code java.base,java.instrument}
   * @return the image's {@code bin/java}
   */
  public static Path java(String modules) throws IOException, InterruptedException {
    Path root = Path.of(System.getProperty("jlink.dir", "target/jlink")).toAbsolutePath();
    Path image = root.resolve(Runtime.version().feature() + "-" + modules.replace(',', '+'));
    Path java = image.resolve("bin/java");
    if (Files.isExecutable(java)) {
      return java;
    }
    Files.createDirectories(root);
    Path building = Files.createTempDirectory(root, "building-").resolve("image");
    Path jlink = AgentJvm.Jdk.CURRENT.tool("jlink");
    Process process =
        new ProcessBuilder(
                List.of(
                    jlink.toString(),
                    "--add-modules",
                    modules,
                    "--output",
                    building.toString(),
                    "--no-header-files",
                    "--no-man-pages",
                    "--strip-debug"))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("jlink --add-modules " + modules + " failed: " + output);
    }
    Files.move(building, image, StandardCopyOption.ATOMIC_MOVE);
    Files.delete(building.getParent());
    return java;
  }
}
