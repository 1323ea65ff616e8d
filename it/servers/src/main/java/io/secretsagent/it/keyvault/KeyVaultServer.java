package io.secretsagent.it.keyvault;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Key Vault-compatible server for tests and demos, built on the JDK's {@code HttpsServer} only,
 * that the real {@code SecretClient} and the real {@code ManagedIdentityCredential}, {@code
 * DefaultAzureCredential} and {@code WorkloadIdentityCredential} talk to. Both listeners bind to
 * 127.0.0.1 only.
 *
 * <ul>
 *   <li>HTTPS listener ({@link #vaultUrl()}): the secrets REST API ({@link SecretsApi}) with Key
 *       Vault's challenge authentication ({@link BearerChallenge}), and the {@linkplain AdminApi
 *       admin API} under {@code /_admin}. The certificate ({@link TestCertificate}) is made at
 *       start for {@code localhost} and {@code 127.0.0.1}.
 *   <li>The same HTTPS listener also stands in for Entra ID ({@link AuthorityEndpoint}): with
 *       {@code AZURE_AUTHORITY_HOST} = {@link #vaultUrl()}, {@code WorkloadIdentityCredential}
 *       exchanges the {@linkplain #federatedToken() federated token} for a vault token ({@link
 *       #workloadIdentityEnvironment}). MSAL must be told {@code disableInstanceDiscovery()}, else
 *       it asks the real login.microsoftonline.com.
 *   <li>Plain-HTTP listener ({@link #identityEndpoint()}): the App Service managed identity
 *       endpoint ({@link TokenEndpoint}) at {@code /msi/token}, as App Service itself serves it on
 *       loopback, plus the admin API.
 * </ul>
 *
 * <p>Typical test use:
 *
 * <pre>{@code
 * try (KeyVaultServer server = KeyVaultServer.builder().start()) {
 *     server.secrets().set("db-password", "s3cret");
 *     SecretClient client = new SecretClientBuilder()
 *             .vaultUrl(server.vaultUrl())
 *             .disableChallengeResourceVerification()   // the vault is not *.vault.azure.net
 *             .credential(...)                           // in a child JVM: ManagedIdentityCredential with
 *             .httpClient(...)                           //   managedIdentityEnvironment() and childJvmOptions()
 *             .buildClient();
 *     server.faults().nextVaultRequests(2, Fault.throttled(Duration.ofSeconds(1)));
 *     assertEquals(3, server.requests().count(Endpoint.VAULT, "GET"));
 * }
 * }</pre>
 *
 * <p>Runtime controls, all thread-safe and also reachable over HTTP through the admin API: {@link
 * #secrets()} (seed, rotate, disable), {@link #faults()} (429/5xx, latency, hang, dropped
 * connections, a GET throttle), {@link #access()} (per-identity {@code 403}), {@link #tokens()}
 * (lifetime, revocation) and {@link #requests()} (log and counters). Time comes from the builder's
 * {@link Clock}.
 *
 * <p>The SDK's HTTP client must trust the certificate: in-process through an {@code HttpClient}
 * built on {@link TestCertificate#clientContext()}, in a child JVM through {@link
 * TestCertificate#trustStoreOptions()}. Managed identity credentials read {@code
 * IDENTITY_ENDPOINT}/{@code IDENTITY_HEADER} from the real process environment and MSAL caches
 * tokens JVM-wide, so use them in child JVMs with {@link #managedIdentityEnvironment()}.
 *
 * <p><b>Nagle:</b> the JDK server delays keep-alive responses by ~48 ms (measured) unless {@code
 * sun.net.httpserver.nodelay} is true. This class sets that system property in its static
 * initialiser, which works only if no JDK {@code HttpServer} was created earlier in the JVM;
 * otherwise pass {@code -Dsun.net.httpserver.nodelay=true}.
 *
 * <p><b>Standalone:</b> {@link #main(String[])} starts a server for demos and scripts and prints
 * {@code KEY=value} lines (see {@link ServerLauncher}).
 */
public final class KeyVaultServer implements AutoCloseable {

  /** Path of the managed identity endpoint on the plain-HTTP listener. */
  public static final String IDENTITY_PATH = "/msi/token";

  static {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final ServerOptions settings;
  private final TestCertificate certificate;
  private final VaultContents secrets;
  private final TokenIssuer tokens;
  private final AccessPolicy access = new AccessPolicy();
  private final FaultPlan faults;
  private final RequestLog requests = new RequestLog();
  private final ExecutorService executor;
  private final HttpsServer vault;
  private final HttpServer identity;

  private KeyVaultServer(ServerOptions settings) throws IOException {
    this.settings = settings;
    this.certificate = TestCertificate.inDirectory(settings.stateDirectory);
    this.secrets = new VaultContents(settings.clock);
    this.tokens = new TokenIssuer(settings.clock);
    this.faults = new FaultPlan(settings.clock);
    this.executor = Executors.newCachedThreadPool(daemonThreads());
    InetAddress loopback = InetAddress.getLoopbackAddress();
    this.vault = HttpsServer.create(new InetSocketAddress(loopback, settings.port), 64);
    this.identity = HttpServer.create(new InetSocketAddress(loopback, settings.identityPort), 64);
    vault.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
    wire();
    vault.start();
    identity.start();
  }

  /**
   * @return a builder with random ports, a temporary state directory and a random identity header
   */
  public static Builder builder() {
    return new Builder();
  }

  private void wire() {
    AdminApi admin = new AdminApi(secrets, faults, access, tokens, requests, vaultUrl());
    SecretsApi api =
        new SecretsApi(
            secrets,
            access,
            new BearerChallenge(settings.tenantId, tokens),
            this::vaultUrl,
            settings.vaultName,
            settings.tenantId);
    TokenEndpoint tokenEndpoint =
        new TokenEndpoint(tokens, settings.identityHeader, settings.systemIdentity);
    AuthorityEndpoint authority =
        new AuthorityEndpoint(tokens, settings.tenantId, settings.federatedToken, this::vaultUrl);
    vault.createContext(
        "/",
        new RequestDispatcher(
            path ->
                path.startsWith("/_admin")
                    ? Endpoint.ADMIN
                    : path.equals("/secrets") || path.startsWith("/secrets/")
                        ? Endpoint.VAULT
                        : Endpoint.AUTHORITY,
            Map.of(
                Endpoint.VAULT,
                api::handle,
                Endpoint.ADMIN,
                admin::handle,
                Endpoint.AUTHORITY,
                authority::handle),
            faults,
            requests,
            settings.clock));
    identity.createContext(
        "/",
        new RequestDispatcher(
            path -> path.startsWith("/_admin") ? Endpoint.ADMIN : Endpoint.MANAGED_IDENTITY,
            Map.of(Endpoint.MANAGED_IDENTITY, tokenEndpoint::handle, Endpoint.ADMIN, admin::handle),
            faults,
            requests,
            settings.clock));
    vault.setExecutor(executor);
    identity.setExecutor(executor);
  }

  /**
   * @return {@code https://127.0.0.1:<port>}, the vault URL for {@code
   *     SecretClientBuilder.vaultUrl}
   */
  public String vaultUrl() {
    return "https://127.0.0.1:" + vault.getAddress().getPort();
  }

  /**
   * @return {@code http://127.0.0.1:<port>/msi/token}, the value for {@code IDENTITY_ENDPOINT}
   */
  public String identityEndpoint() {
    return "http://127.0.0.1:" + identity.getAddress().getPort() + IDENTITY_PATH;
  }

  /**
   * @return the value for {@code IDENTITY_HEADER}
   */
  public String identityHeader() {
    return settings.identityHeader;
  }

  /**
   * @return the tenant named in the authentication challenge
   */
  public String tenantId() {
    return settings.tenantId;
  }

  /**
   * @return the client id tokens speak for when the credential names no user-assigned identity
   */
  public String systemIdentity() {
    return settings.systemIdentity;
  }

  /**
   * @return the server certificate and the trust store for clients
   */
  public TestCertificate certificate() {
    return certificate;
  }

  /**
   * @return the secrets, to seed, rotate and disable directly
   */
  public VaultContents secrets() {
    return secrets;
  }

  /**
   * @return the token issuer, to shorten lifetimes or revoke tokens
   */
  public TokenIssuer tokens() {
    return tokens;
  }

  /**
   * @return the access policy, to deny identities or secrets
   */
  public AccessPolicy access() {
    return access;
  }

  /**
   * @return the fault plan
   */
  public FaultPlan faults() {
    return faults;
  }

  /**
   * @return the log and counters of answered requests
   */
  public RequestLog requests() {
    return requests;
  }

  /**
   * The environment a child JVM needs for App Service managed identity against this server: {@code
   * IDENTITY_ENDPOINT}, {@code IDENTITY_HEADER}, and {@code AZURE_POD_IDENTITY_AUTHORITY_HOST}
   * pointed at a closed loopback port so nothing can reach the real IMDS. Remove inherited {@code
   * AZURE_*}, {@code MSI_*} and {@code IDENTITY_*} variables before adding these.
   *
   * @return variable name to value
   */
  public Map<String, String> managedIdentityEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("IDENTITY_ENDPOINT", identityEndpoint());
    env.put("IDENTITY_HEADER", identityHeader());
    env.put("AZURE_POD_IDENTITY_AUTHORITY_HOST", "http://127.0.0.1:9");
    return env;
  }

  /**
   * What a child JVM with the agent needs to read this server's secrets as its managed identity:
   * the Key Vault backend, this vault's URL, challenge-resource verification off (the vault is not
   * {@code *.vault.azure.net}) and {@link #managedIdentityEnvironment()}. The keys and the trust
   * store ({@link #childJvmOptions()}) are the caller's.
   *
   * @return variable name to value
   */
  public Map<String, String> agentEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SECRETS_BACKEND", "azure_keyvault");
    env.put("AZURE_KEYVAULT_URL", vaultUrl());
    env.put("SECRETS_AZURE_VERIFY_CHALLENGE_RESOURCE", "false");
    env.putAll(managedIdentityEnvironment());
    return env;
  }

  /**
   * @return the federated token the authority accepts as {@code client_assertion} (a JWT-shaped
   *     string)
   */
  public String federatedToken() {
    return settings.federatedToken;
  }

  /**
   * Writes {@link #federatedToken()} to {@code tokenFile} and returns the environment of a workload
   * identity pod: {@code AZURE_AUTHORITY_HOST}, {@code AZURE_TENANT_ID}, {@code AZURE_CLIENT_ID}
   * and {@code AZURE_FEDERATED_TOKEN_FILE}, plus {@code AZURE_POD_IDENTITY_AUTHORITY_HOST} as in
   * {@link #managedIdentityEnvironment()}.
   *
   * @param tokenFile where to write the federated token
   * @param clientId the workload's client id; vault tokens speak for it
   * @return variable name to value
   * @throws IOException if the file cannot be written
   */
  public Map<String, String> workloadIdentityEnvironment(Path tokenFile, String clientId)
      throws IOException {
    java.nio.file.Files.writeString(tokenFile, settings.federatedToken);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AZURE_AUTHORITY_HOST", vaultUrl());
    env.put("AZURE_TENANT_ID", settings.tenantId);
    env.put("AZURE_CLIENT_ID", clientId);
    env.put("AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString());
    env.put("AZURE_POD_IDENTITY_AUTHORITY_HOST", "http://127.0.0.1:9");
    return env;
  }

  /**
   * @return JVM options for a child JVM: trust the certificate, and no Nagle delay for its own
   *     servers
   */
  public List<String> childJvmOptions() {
    return certificate.trustStoreOptions();
  }

  /** Stops both listeners at once, releasing hung requests first. */
  @Override
  public void close() {
    faults.releaseHung();
    vault.stop(0);
    identity.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (settings.temporaryState) {
      certificate.delete();
    }
  }

  /**
   * Starts a server from the command line; see {@link ServerLauncher} for the flags and the output.
   *
   * @param args {@code [--port N] [--identity-port N] [--state-dir DIR] [--seed name=value]...}
   * @throws IOException if the server cannot start
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    ServerLauncher.run(args);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "keyvault-server-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static final class ServerOptions {
    int port;
    int identityPort;
    Path stateDirectory;
    boolean temporaryState;
    String tenantId = "7e57e57e-0000-4000-8000-000000000001";
    String identityHeader = UUID.randomUUID().toString();
    String systemIdentity = "11111111-2222-4333-8444-555555555555";
    String vaultName = "keyvault-test";
    String federatedToken = federatedTokenLike();
    Clock clock = Clock.systemUTC();
  }

  /**
   * @return a random JWT-shaped string (header.payload.signature), as a projected service account
   *     token is
   */
  private static String federatedTokenLike() {
    java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String header = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes());
    String payload =
        base64.encodeToString(
            ("{\"sub\":\"system:serviceaccount:test:app\",\"jti\":\"" + UUID.randomUUID() + "\"}")
                .getBytes());
    return header
        + "."
        + payload
        + "."
        + base64.encodeToString(UUID.randomUUID().toString().getBytes());
  }

  /** Configures a {@link KeyVaultServer}. Every setting has a default; none is required. */
  public static final class Builder {
    private final ServerOptions settings = new ServerOptions();

    private Builder() {}

    /**
     * @param port HTTPS port; 0 (default) picks a free one
     */
    public Builder port(int port) {
      settings.port = requirePort(port, "port");
      return this;
    }

    /**
     * @param port port of the plain-HTTP identity listener; 0 (default) picks a free one
     */
    public Builder identityPort(int port) {
      settings.identityPort = requirePort(port, "identityPort");
      return this;
    }

    /**
     * @param directory where the certificate files are kept (reused if present, kept on close);
     *     default: a new temporary directory, deleted on close
     */
    public Builder stateDirectory(Path directory) {
      settings.stateDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * @param tenantId the tenant named in the challenge (default a fixed GUID)
     */
    public Builder tenantId(String tenantId) {
      settings.tenantId = Objects.requireNonNull(tenantId, "tenantId");
      return this;
    }

    /**
     * @param header the secret the identity endpoint requires in {@code X-IDENTITY-HEADER} (default
     *     random)
     */
    public Builder identityHeader(String header) {
      settings.identityHeader = Objects.requireNonNull(header, "header");
      return this;
    }

    /**
     * @param clientId the system-assigned identity's client id (default a fixed GUID)
     */
    public Builder systemIdentity(String clientId) {
      settings.systemIdentity = Objects.requireNonNull(clientId, "clientId");
      return this;
    }

    /**
     * @param clock the clock for token expiry, secret timestamps and the throttle window (default
     *     UTC)
     */
    public Builder clock(Clock clock) {
      settings.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Binds both listeners and starts serving.
     *
     * @return the running server; close it to stop
     * @throws IOException if a port is taken or the certificate cannot be made
     */
    public KeyVaultServer start() throws IOException {
      if (settings.stateDirectory == null) {
        settings.stateDirectory = java.nio.file.Files.createTempDirectory("keyvault-server");
        settings.temporaryState = true;
      }
      return new KeyVaultServer(settings);
    }

    private static int requirePort(int port, String name) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(name + " must be 0-65535; got " + port);
      }
      return port;
    }
  }
}
