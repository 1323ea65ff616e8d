package io.secretsagent.internal.config;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The agent arguments the JVM would give this agent, read from the variables that carry JVM
 * options, for {@code java -jar secrets-agent.jar check}: the first {@code
 * -javaagent:<jar>[=<arguments>]} naming this agent's jar in {@code JAVA_TOOL_OPTIONS} (read by the
 * JVM before the command line), then {@code JDK_JAVA_OPTIONS} (which the {@code java} launcher puts
 * before the command line), then {@code _JAVA_OPTIONS}. Options are split as the JVM splits them:
 * at white space, except inside single or double quotes, which are removed.
 */
public final class JavaAgentOptions {

  /** In the order in which the JVM loads the agents they name. */
  public static final List<String> VARIABLES =
      List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

  private static final String OPTION = "-javaagent:";

  private JavaAgentOptions() {}

  /**
   * Where the agent's arguments came from.
   *
   * @param variable the variable that names the agent, e.g. {@code JAVA_TOOL_OPTIONS}
   * @param arguments what follows {@code =}, or null when the option has none
   */
  public record Found(String variable, String arguments) {}

  /**
   * @param environment the process environment
   * @param isThisAgent whether a {@code -javaagent} jar is this agent
   * @return null when no variable names this agent
   */
  public static Found find(UnaryOperator<String> environment, Predicate<File> isThisAgent) {
    for (String variable : VARIABLES) {
      String options = environment.apply(variable);
      if (options == null) {
        continue;
      }
      for (String option : split(options)) {
        if (!option.startsWith(OPTION)) {
          continue;
        }
        String rest = option.substring(OPTION.length());
        int eq = rest.indexOf('=');
        String jar = eq < 0 ? rest : rest.substring(0, eq);
        if (!jar.isEmpty() && isThisAgent.test(new File(jar))) {
          return new Found(variable, eq < 0 ? null : rest.substring(eq + 1));
        }
      }
    }
    return null;
  }

  /**
   * Splits as HotSpot splits {@code JAVA_TOOL_OPTIONS}: at white space; a quote (single or double)
   * runs to the same quote, white space included, and both quotes are dropped, also inside a word.
   * An unmatched quote keeps the rest (the JVM refuses to start then).
   */
  static List<String> split(String options) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    for (int i = 0; i < options.length(); i++) {
      char c = options.charAt(i);
      if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        continue;
      }
      if (word == null) {
        word = new StringBuilder();
      }
      if (c == '\'' || c == '"') {
        int end = options.indexOf(c, i + 1);
        end = end < 0 ? options.length() : end;
        word.append(options, i + 1, end);
        i = end;
      } else {
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
