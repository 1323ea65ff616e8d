package io.secretsagent.it.spring;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedRuntimeException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A Spring Boot application that knows nothing of the agent: its datasource (HikariCP, pool {@code
 * boot-pool} of 4) is configured only by {@code bootapp.properties} from DB_URL, DB_USERNAME and
 * DB_PASSWORD. Three threads run {@code SELECT 1} through {@link JdbcTemplate} for the seconds
 * given, pausing 10 ms between queries; prints {@code ready} once a query has succeeded and {@code
 * ok=N failed=M} at the end, then exits.
 */
@SpringBootApplication
public class BootApp implements CommandLineRunner {

  private final JdbcTemplate jdbc;

  public BootApp(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(BootApp.class);
    app.setDefaultProperties(java.util.Map.of("spring.config.name", "bootapp"));
    ConfigurableApplicationContext context = app.run(args);
    System.exit(SpringApplication.exit(context));
  }

  @Override
  public void run(String... args) throws InterruptedException {
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread[] threads = new Thread[3];
    for (int i = 0; i < threads.length; i++) {
      threads[i] =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    jdbc.queryForObject("SELECT 1", Integer.class);
                    ok.incrementAndGet();
                  } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    System.out.println(
                        "query failed: "
                            + (e instanceof NestedRuntimeException n
                                ? n.getMostSpecificCause()
                                : e));
                  }
                  sleep(10);
                }
              });
      threads[i].start();
    }
    while (ok.get() == 0 && failed.get() == 0) {
      sleep(10);
    }
    System.out.println(ok.get() > 0 ? "ready" : "first query failed");
    System.out.flush();
    sleep(Long.parseLong(args[0]) * 1000);
    running.set(false);
    for (Thread t : threads) {
      t.join();
    }
    System.out.println("ok=" + ok.get() + " failed=" + failed.get());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
