package io.secretsagent.it.keyvault;

import java.util.Map;

/**
 * What a set or update request asks for; every {@code null} field means "not given".
 *
 * @param value the secret value (set only)
 * @param contentType the content type
 * @param tags tags, replacing the old ones when given
 * @param enabled the {@code enabled} attribute
 * @param notBefore the {@code nbf} attribute, epoch seconds
 * @param expires the {@code exp} attribute, epoch seconds
 */
public record SecretChange(
    String value,
    String contentType,
    Map<String, String> tags,
    Boolean enabled,
    Long notBefore,
    Long expires) {

  /**
   * @return a change that sets only the value
   */
  public static SecretChange value(String value) {
    return new SecretChange(value, null, null, null, null, null);
  }

  /**
   * @return a change that sets only the {@code enabled} attribute
   */
  public static SecretChange enabled(boolean enabled) {
    return new SecretChange(null, null, null, enabled, null, null);
  }

  /**
   * @return a copy with {@code contentType} set
   */
  public SecretChange withContentType(String type) {
    return new SecretChange(value, type, tags, enabled, notBefore, expires);
  }

  /**
   * @return a copy with {@code tags} set
   */
  public SecretChange withTags(Map<String, String> newTags) {
    return new SecretChange(value, contentType, Map.copyOf(newTags), enabled, notBefore, expires);
  }

  /**
   * @return a copy with the {@code enabled} attribute set
   */
  public SecretChange withEnabled(boolean flag) {
    return new SecretChange(value, contentType, tags, flag, notBefore, expires);
  }

  /**
   * @return a copy with {@code nbf} and {@code exp} set (epoch seconds, either may be {@code null})
   */
  public SecretChange withValidity(Long nbf, Long exp) {
    return new SecretChange(value, contentType, tags, enabled, nbf, exp);
  }
}
