package io.secretsagent.demo.driver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives the orders service from outside, as its clients would, and counts every request that does
 * not succeed. Each worker gets a token, then places an order and reads its orders in a loop.
 *
 * <pre>
 * java -cp demo.jar io.secretsagent.demo.driver.TrafficDriver &lt;base-url&gt; &lt;workers&gt; &lt;stop-file&gt;
 * </pre>
 *
 * <p>Prints a progress line every two seconds; stops when the stop file appears; exits 1 if any
 * request failed (the first few failures are printed), 0 otherwise.
 */
public final class TrafficDriver {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final int FAILURES_SHOWN = 5;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
  private final String baseUrl;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final List<String> failures = new ArrayList<>();
  private final AtomicBoolean stopped = new AtomicBoolean();

  TrafficDriver(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: TrafficDriver <base-url> <workers> <stop-file>");
      System.exit(2);
    }
    TrafficDriver driver = new TrafficDriver(args[0]);
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < Integer.parseInt(args[1]); i++) {
      String user = "driver-" + i;
      Thread worker = new Thread(() -> driver.work(user), user);
      worker.start();
      workers.add(worker);
    }
    Path stopFile = Path.of(args[2]);
    long shown = 0;
    while (!Files.exists(stopFile)) {
      Thread.sleep(2_000);
      long now = driver.requests.get();
      System.out.printf(
          "driver: %,d requests, %d failed (%,d in the last 2 s)%n",
          now, driver.failed.get(), now - shown);
      shown = now;
    }
    driver.stopped.set(true);
    for (Thread worker : workers) {
      worker.join();
    }
    System.out.printf(
        "driver: done, %,d requests, failed: %d%n", driver.requests.get(), driver.failed.get());
    driver.failures.forEach(f -> System.out.println("driver: failed " + f));
    System.exit(driver.failed.get() == 0 ? 0 : 1);
  }

  void work(String user) {
    String token = null;
    for (int i = 0; !stopped.get(); i++) {
      if (token == null) {
        String reply =
            call(
                HttpRequest.newBuilder(uri("/token?user=" + user))
                    .POST(HttpRequest.BodyPublishers.noBody()));
        token = reply == null ? null : reply.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        continue;
      }
      call(
          HttpRequest.newBuilder(uri("/orders"))
              .header("Authorization", "Bearer " + token)
              .POST(HttpRequest.BodyPublishers.ofString("item-" + i)));
      call(HttpRequest.newBuilder(uri("/orders")).header("Authorization", "Bearer " + token).GET());
    }
  }

  /** Sends one request; the body on a 2xx answer, null (and counted as failed) otherwise. */
  private String call(HttpRequest.Builder request) {
    requests.incrementAndGet();
    String outcome;
    try {
      HttpResponse<String> response =
          http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 == 2) {
        return response.body();
      }
      outcome = response.statusCode() + " " + response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = "interrupted";
    } catch (Exception e) {
      outcome = e.toString();
    }
    failed.incrementAndGet();
    synchronized (failures) {
      if (failures.size() < FAILURES_SHOWN) {
        failures.add(
            request.build().method() + " " + request.build().uri().getPath() + ": " + outcome);
      }
    }
    return null;
  }

  private URI uri(String path) {
    return URI.create(baseUrl + path);
  }
}
