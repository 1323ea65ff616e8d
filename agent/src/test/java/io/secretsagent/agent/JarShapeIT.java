package io.secretsagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import java.io.DataInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The deployable jar's shape (ADR-005): only the premain classes and META-INF at the root,
 * everything else under inst/ as *.classdata, where no class loader but the agent's looks.
 */
class JarShapeIT {

  @Test
  void onlyPremainClassesAndMetaInfAtTheRoot() throws Exception {
    List<String> outside = new ArrayList<>();
    int isolated = 0;
    try (JarFile jar = new JarFile(AgentJvm.agentJar().toFile())) {
      for (var entries = jar.entries(); entries.hasMoreElements(); ) {
        String name = entries.nextElement().getName();
        if (name.startsWith("inst/")) {
          assertTrue(!name.endsWith(".class"), "a loadable class under inst/: " + name);
          isolated += name.endsWith(".classdata") ? 1 : 0;
        } else if (!name.startsWith("META-INF/")
            && !name.endsWith("/")
            && !name.matches("io/secretsagent/premain/[A-Za-z]+\\.class")) {
          outside.add(name);
        }
      }
      assertEquals(List.of(), outside, "only premain classes may be visible to the application");
      assertTrue(isolated > 1000, "the implementation and its libraries are isolated: " + isolated);
      assertTrue(jar.getEntry("inst/com/azure/json/JsonReader.classdata") != null);
      assertEquals(
          "io.secretsagent.premain.AgentPremain",
          jar.getManifest().getMainAttributes().getValue("Premain-Class"));
      assertEquals("true", jar.getManifest().getMainAttributes().getValue("Can-Redefine-Classes"));
    }
  }

  @Test
  void premainClassTargetsJava8SoOldJvmsCanStandDown() throws Exception {
    try (JarFile jar = new JarFile(AgentJvm.agentJar().toFile());
        DataInputStream in =
            new DataInputStream(
                jar.getInputStream(jar.getEntry("io/secretsagent/premain/AgentPremain.class")))) {
      in.readInt(); // magic
      in.readUnsignedShort(); // minor
      assertEquals(52, in.readUnsignedShort(), "class file major version of Java 8");
    }
  }
}
