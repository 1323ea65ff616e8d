package io.secretsagent.testapp;

/**
 * Starts a child process with a copy of its own environment, as build tools and process supervisors
 * do, and prints whether that worked and what {@code System.getenv(name)} answers. JDK classes
 * only.
 */
public final class ChildEnvironmentApp {

  public static void main(String[] args) throws Exception {
    String result;
    try {
      ProcessBuilder child = new ProcessBuilder("true");
      child.environment().putAll(System.getenv());
      result = "exit " + child.start().waitFor();
    } catch (RuntimeException e) {
      result = "failed " + e; // the JDK's message quotes the value: what the agent must prevent
    }
    System.out.println("child=" + result);
    System.out.println("env:" + args[0] + "=" + System.getenv(args[0]));
  }
}
