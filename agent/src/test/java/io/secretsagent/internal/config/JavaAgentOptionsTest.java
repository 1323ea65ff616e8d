package io.secretsagent.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class JavaAgentOptionsTest {

  static final Predicate<File> OURS = f -> f.getName().equals("secrets-agent.jar");

  private static JavaAgentOptions.Found find(Map<String, String> environment) {
    return JavaAgentOptions.find(environment::get, OURS);
  }

  @Test
  void splitsAsTheJvmDoes() {
    assertEquals(
        List.of("-Xmx1g", "-Da=b c", "-javaagent:/x y/secrets-agent.jar=keys=A, B", "-Dq='"),
        JavaAgentOptions.split(
            "  -Xmx1g\t'-Da=b c' -javaagent:\"/x y/secrets-agent.jar\"=keys=\"A, B\" -Dq=\"'\"  "));
    assertEquals(List.of(), JavaAgentOptions.split("   "));
    assertEquals(
        List.of("-Dx=unterminated rest"), JavaAgentOptions.split("-Dx='unterminated rest"));
  }

  @Test
  void findsTheArgumentsOfThisAgentAmongOthers() {
    JavaAgentOptions.Found found =
        find(
            Map.of(
                "JAVA_TOOL_OPTIONS",
                "-javaagent:/opt/other.jar=backend=x -javaagent:/opt/secrets-agent.jar="
                    + "backend=file;keys=A -javaagent:/opt/secrets-agent.jar=backend=second"));
    assertEquals(new JavaAgentOptions.Found("JAVA_TOOL_OPTIONS", "backend=file;keys=A"), found);
  }

  @Test
  void javaToolOptionsComeFirstAsTheJvmLoadsThem() {
    assertEquals(
        new JavaAgentOptions.Found("JAVA_TOOL_OPTIONS", "backend=a"),
        find(
            Map.of(
                "JDK_JAVA_OPTIONS", "-javaagent:secrets-agent.jar=backend=b",
                "JAVA_TOOL_OPTIONS", "-javaagent:secrets-agent.jar=backend=a")));
    assertEquals(
        new JavaAgentOptions.Found("JDK_JAVA_OPTIONS", "backend=b"),
        find(Map.of("JDK_JAVA_OPTIONS", "-javaagent:secrets-agent.jar=backend=b")));
  }

  @Test
  void anAgentWithoutArgumentsOrNoneAtAll() {
    assertEquals(
        new JavaAgentOptions.Found("JAVA_TOOL_OPTIONS", null),
        find(Map.of("JAVA_TOOL_OPTIONS", "-javaagent:/opt/secrets-agent.jar")));
    assertNull(find(Map.of("JAVA_TOOL_OPTIONS", "-Xmx1g -javaagent:/opt/other.jar=a=b")));
    assertNull(find(Map.of()));
  }
}
