package io.secretsagent.it.agent;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * An application that knows nothing of the agent and looks for secrets where they must not be.
 * Arguments: the names of environment variables whose served values are the needles (so that no
 * secret is on the command line), then {@code --}, then literal needles (such as a token prefix)
 * written backwards, so that the command line itself ({@code sun.java.command}) does not hold them.
 * Prints {@code ready}, lets the agent work for 1.5 s (refreshes, the MBean's registration), waits
 * up to 10 s more for the agent's MBean, then prints {@code leak:<place>=true|false} for {@code
 * /proc/self/environ}, {@code System.getProperties()}, every attribute of every {@code
 * io.secretsagent} MBean, and the names of all threads; plus {@code mbean-attributes} and {@code
 * threads} counts, so the test can tell that something was looked at. JDK classes only.
 */
public final class LeakProbeApp {

  public static void main(String[] args) throws Exception {
    List<String> needles = new ArrayList<>();
    boolean literal = false;
    for (String arg : args) {
      if (arg.equals("--")) {
        literal = true;
      } else {
        needles.add(literal ? new StringBuilder(arg).reverse().toString() : System.getenv(arg));
      }
    }
    if (needles.contains(null)) {
      throw new IllegalStateException("a managed variable is not served: " + Arrays.toString(args));
    }
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(1500);
    report(
        "environ",
        new String(Files.readAllBytes(Path.of("/proc/self/environ")), StandardCharsets.UTF_8),
        needles);
    report("system-properties", System.getProperties().toString(), needles);
    System.getProperties()
        .forEach(
            (k, v) -> { // which property, and which needle: never the value
              for (int i = 0; i < needles.size(); i++) {
                if (String.valueOf(k).contains(needles.get(i))
                    || String.valueOf(v).contains(needles.get(i))) {
                  System.out.println("leaking-property:" + k + "=needle " + i);
                }
              }
            });
    report("jmx", mbeanAttributes(), needles);
    List<String> threadNames =
        Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
    report("thread-names", String.join("\n", threadNames), needles);
    System.out.println("threads:=" + threadNames.size());
  }

  private static void report(String place, String text, List<String> needles) {
    System.out.println("leak:" + place + "=" + needles.stream().anyMatch(text::contains));
  }

  /** Every attribute of every MBean of the agent's domain, as text. */
  private static String mbeanAttributes() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName pattern = new ObjectName("io.secretsagent:*");
    for (int i = 0; i < 500 && server.queryNames(pattern, null).isEmpty(); i++) {
      Thread.sleep(20);
    }
    StringBuilder text = new StringBuilder();
    int count = 0;
    for (ObjectName name : server.queryNames(pattern, null)) {
      text.append(name).append('\n');
      for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
        Object value = server.getAttribute(name, attribute.getName());
        text.append(attribute.getName())
            .append('=')
            .append(
                value instanceof Object[] array
                    ? Arrays.deepToString(array)
                    : String.valueOf(value))
            .append('\n');
        count++;
      }
    }
    System.out.println("mbean-attributes:=" + count);
    return text.toString();
  }
}
