package io.secretsagent.internal.backend.file;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;
import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.runtime.Log;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.Secret;
import io.secretsagent.spi.SecretRef;
import io.secretsagent.spi.SecretsBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets from a JSON object, {@code {"secret-name": "value", "db-creds": {"username": ...}}}. For
 * local development only: it warns so on every start, and refuses a file that group or others may
 * read unless {@code SECRETS_FILE_ALLOW_OPEN_PERMISSIONS=true}. The file is read again on refresh
 * when it has changed, so editing it rotates secrets.
 */
final class FileBackend implements SecretsBackend {

  private static final Pattern POSITION = Pattern.compile("line: (\\d+), column: (\\d+)\\]$");

  private final Path file;
  private final boolean allowOpenPermissions;
  private volatile Snapshot snapshot;

  /** The parsed file and the attributes it was read with. */
  private record Snapshot(Object modified, long size, Map<String, String> secrets) {}

  FileBackend(Path file, boolean allowOpenPermissions) throws ConfigException {
    this.file = file;
    this.allowOpenPermissions = allowOpenPermissions;
    Log.warn(
        "the file backend serves secrets from "
            + file
            + " and is for local development only;"
            + " use SECRETS_BACKEND=azure_keyvault in production");
    try {
      snapshot = read();
    } catch (BackendException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  @Override
  public Secret fetch(SecretRef ref) throws BackendException {
    Snapshot s = current();
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

  private Snapshot current() throws BackendException {
    Snapshot s = snapshot;
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attributes.lastModifiedTime().equals(s.modified) || attributes.size() != s.size) {
        s = read();
        snapshot = s;
      }
    } catch (IOException e) {
      throw new BackendException(
          BackendException.Kind.UNREACHABLE,
          "cannot read " + file + ": " + e.getClass().getSimpleName());
    }
    return s;
  }

  private Snapshot read() throws BackendException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        throw invalid(
            file
                + " cannot be read: it is not a regular file; point "
                + Setting.FILE.describe()
                + " at the secrets file");
      }
      checkPermissions();
      Map<String, String> secrets = parse(Files.readString(file));
      return new Snapshot(attributes.lastModifiedTime(), attributes.size(), secrets);
    } catch (NoSuchFileException e) {
      throw invalid(
          file
              + " does not exist; create it, or point "
              + Setting.FILE.describe()
              + " at the secrets file");
    } catch (IOException e) {
      throw invalid(
          file
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + "); check the path and that this user may read it");
    }
  }

  private void checkPermissions() throws IOException, BackendException {
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (allowOpenPermissions || posix == null) {
      return;
    }
    Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
    if (permissions.contains(PosixFilePermission.GROUP_READ)
        || permissions.contains(PosixFilePermission.OTHERS_READ)) {
      throw invalid(
          file
              + " may be read by group or others; run chmod 600 "
              + file
              + ", or set "
              + Setting.FILE_ALLOW_OPEN_PERMISSIONS.describe()
              + "=true");
    }
  }

  /** Only the position is reported for malformed JSON: the parser's messages quote the input. */
  private Map<String, String> parse(String json) throws BackendException {
    Map<String, String> secrets = new HashMap<>();
    try (JsonReader reader = JsonProviders.createReader(json)) {
      if (reader.nextToken() != JsonToken.START_OBJECT) {
        throw invalid(
            file
                + " must hold a JSON object of secret name to value, e.g. {\"db-password\": \"...\"}");
      }
      while (reader.nextToken() == JsonToken.FIELD_NAME) {
        String name = reader.getFieldName();
        JsonToken token = reader.nextToken();
        if (token == JsonToken.STRING) {
          secrets.put(name, reader.getString());
        } else if (token == JsonToken.START_OBJECT) {
          secrets.put(name, reader.readChildren());
        } else {
          throw invalid("secret '" + name + "' in " + file + " must be a string or a JSON object");
        }
      }
      if (reader.currentToken() != JsonToken.END_OBJECT
          || reader.nextToken() != JsonToken.END_DOCUMENT) {
        throw invalid(file + " has content after its JSON object; keep one object in the file");
      }
    } catch (IOException e) {
      // the parser's message quotes the input, so only the position is taken from it
      Matcher at = POSITION.matcher(String.valueOf(e.getMessage()));
      throw invalid(
          file
              + " is not valid JSON"
              + (at.find() ? " at line " + at.group(1) + ", column " + at.group(2) : "")
              + "; fix the file (a JSON object of secret name to value)");
    }
    return secrets;
  }

  private static BackendException invalid(String message) {
    return new BackendException(BackendException.Kind.INVALID, message);
  }
}
