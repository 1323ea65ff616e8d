package io.secretsagent.it.keyvault;

/** The parts of the server, as fault rules and the request log name them. */
public enum Endpoint {
  /** The Key Vault REST API, {@code /secrets/...} on the HTTPS listener. */
  VAULT,
  /** The App Service style managed identity token endpoint on the plain-HTTP listener. */
  MANAGED_IDENTITY,
  /**
   * The Entra ID (login.microsoftonline.com) look-alike for workload identity, on the HTTPS
   * listener.
   */
  AUTHORITY,
  /** The admin API, {@code /_admin/...} on both listeners; never subject to faults. */
  ADMIN,
  /** In a fault rule: any endpoint but {@link #ADMIN}. */
  ANY
}
