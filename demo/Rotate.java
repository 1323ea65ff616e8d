import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Rotates a secret through the test vault's admin API: {@code java Rotate.java <admin-url> <name> <value>}. */
public class Rotate {
  public static void main(String[] args) throws Exception {
    HttpRequest put = HttpRequest.newBuilder(URI.create(args[0] + "/secrets/" + args[1]))
        .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"" + args[2] + "\"}"))
        .header("Content-Type", "application/json").build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(put, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("rotation failed: " + response.statusCode() + " " + response.body());
    }
    System.out.println("vault: " + args[1] + " has a new version");
  }
}
