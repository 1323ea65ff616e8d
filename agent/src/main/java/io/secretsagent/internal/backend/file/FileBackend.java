package io.secretsagent.internal.backend.file;

import io.secretsagent.internal.backend.SecretFileReader;
import io.secretsagent.internal.backend.SecretFileReader.Content;
import io.secretsagent.internal.backend.SecretFileReader.SecretFileException;
import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.json.JsonSyntaxException;
import io.secretsagent.internal.json.SecretJson;
import io.secretsagent.internal.runtime.Log;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.Secret;
import io.secretsagent.spi.SecretRef;
import io.secretsagent.spi.SecretsBackend;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Secrets from a JSON object, {@code {"secret-name": "value", "db-creds": {"username": ...}}}. For
 * local development only: it warns so on every start, and refuses a file that group or others may
 * read or write unless {@code SECRETS_FILE_ALLOW_OPEN_PERMISSIONS=true}. On each fetch the file is
 * read again unless its stamp (inode, size, modification and status-change times) is unchanged
 * since a read made when it had been quiet for two seconds, and parsed again when its content has
 * changed; so editing it rotates secrets, whatever its timestamps say.
 */
final class FileBackend implements SecretsBackend {

  private final Path file;
  private final SecretFileReader reader;
  private volatile Snapshot snapshot;

  /** The parsed file and the content it was parsed from. */
  private record Snapshot(Content content, Map<String, String> secrets) {}

  FileBackend(Path file, boolean allowOpenPermissions) throws ConfigException {
    this(file, allowOpenPermissions, Clock.systemUTC());
  }

  FileBackend(Path file, boolean allowOpenPermissions, Clock clock) throws ConfigException {
    this.file = file;
    this.reader =
        new SecretFileReader(
            SecretFileReader.Sharing.PRIVATE,
            allowOpenPermissions,
            Setting.FILE_ALLOW_OPEN_PERMISSIONS.describe() + "=true",
            clock);
    Log.warn(
        "the file backend serves secrets from "
            + file
            + " and is for local development only;"
            + " use "
            + Setting.BACKEND.environmentName()
            + "=azure_keyvault in production");
    try {
      snapshot = read(null);
    } catch (BackendException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  @Override
  public Secret fetch(SecretRef ref) throws BackendException {
    Snapshot s = read(snapshot);
    snapshot = s;
    String value = s.secrets.get(ref.name());
    if (value == null) {
      throw new BackendException(
          BackendException.Kind.NOT_FOUND,
          "secret '"
              + ref.name()
              + "' is not in "
              + file
              + "; add it to the file or fix the key list");
    }
    return new Secret(value, null);
  }

  @Override
  public String describe() {
    return "file " + file;
  }

  /** Reads the file; parses it unless its content is that of {@code last}. */
  private Snapshot read(Snapshot last) throws BackendException {
    if (last != null && reader.unchangedSince(file, last.content)) {
      return last;
    }
    Content content;
    try {
      content = reader.read(file);
    } catch (SecretFileException e) {
      throw invalid(
          switch (e.problem()) {
            case MISSING ->
                file
                    + " does not exist; create it, or point "
                    + Setting.FILE.describe()
                    + " at the secrets file";
            case NOT_A_REGULAR_FILE ->
                e.getMessage() + "; point " + Setting.FILE.describe() + " at the secrets file";
            default -> e.getMessage();
          });
    }
    if (last != null && content.sameAs(last.content)) {
      return last;
    }
    return new Snapshot(content, parse(content.text()));
  }

  /** Names a position, or a duplicated secret name, never content. */
  private Map<String, String> parse(String json) throws BackendException {
    Map<String, SecretJson.Value> members;
    try {
      members = SecretJson.parseObject(json);
    } catch (JsonSyntaxException e) {
      throw invalid(
          switch (e.problem()) {
            case NOT_AN_OBJECT ->
                file
                    + " must hold a JSON object of secret name to value, e.g. {\"db-password\": \"...\"}";
            case TRAILING_CONTENT ->
                file + " has content after its JSON object; keep one object in the file";
            case DUPLICATE ->
                file
                    + " names '"
                    + e.duplicateName()
                    + "' twice in one object (line "
                    + e.line()
                    + "); keep one, as JSON parsers disagree on which wins";
            case SYNTAX ->
                file
                    + " is not valid JSON at line "
                    + e.line()
                    + ", column "
                    + e.column()
                    + " ("
                    + e.reason()
                    + "); fix the file (a JSON object of secret name to value)";
          });
    }
    Map<String, String> secrets = new HashMap<>();
    for (Map.Entry<String, SecretJson.Value> member : members.entrySet()) {
      SecretJson.Kind kind = member.getValue().kind();
      if (kind != SecretJson.Kind.STRING && kind != SecretJson.Kind.OBJECT) {
        throw invalid(
            "secret '" + member.getKey() + "' in " + file + " must be a string or a JSON object");
      }
      secrets.put(member.getKey(), member.getValue().text());
    }
    return secrets;
  }

  private static BackendException invalid(String message) {
    return new BackendException(BackendException.Kind.INVALID, message);
  }
}
