package io.secretsagent.it.keyvault;

import java.util.Map;

/**
 * One immutable version of a secret, as the vault stores it. Times are epoch seconds.
 *
 * @param name secret name
 * @param version 32 lower-case hex characters
 * @param value secret value
 * @param contentType content type, or {@code null}
 * @param tags tags (never {@code null})
 * @param enabled whether reads are allowed
 * @param created creation time
 * @param updated last update time
 * @param notBefore {@code nbf}, or {@code null}
 * @param expires {@code exp}, or {@code null}
 */
public record SecretVersion(
    String name,
    String version,
    String value,
    String contentType,
    Map<String, String> tags,
    boolean enabled,
    long created,
    long updated,
    Long notBefore,
    Long expires) {

  /**
   * @return this version with the non-null parts of {@code change} applied (the value never
   *     changes)
   */
  SecretVersion updatedBy(SecretChange change, long now) {
    return new SecretVersion(
        name,
        version,
        value,
        change.contentType() != null ? change.contentType() : contentType,
        change.tags() != null ? Map.copyOf(change.tags()) : tags,
        change.enabled() != null ? change.enabled() : enabled,
        created,
        now,
        change.notBefore() != null ? change.notBefore() : notBefore,
        change.expires() != null ? change.expires() : expires);
  }
}
