package io.secretsagent.internal.json;

/**
 * Text that {@link SecretJson} refuses. The message holds a position and a fixed reason, never the
 * input; {@link #duplicateName()} gives a duplicated member name, for messages that may name it.
 */
public final class JsonSyntaxException extends Exception {

  /** What is wrong, for callers that word their own messages. */
  public enum Problem {
    /** The text does not start with an object. */
    NOT_AN_OBJECT,
    /** Something follows the object. */
    TRAILING_CONTENT,
    /** An object names a member twice. */
    DUPLICATE,
    /** Any other departure from RFC 8259. */
    SYNTAX
  }

  private final Problem problem;
  private final String reason;
  private final int line;
  private final int column;
  private final transient String duplicateName;

  JsonSyntaxException(Problem problem, String reason, int line, int column, String duplicateName) {
    super(reason + " at line " + line + ", column " + column);
    this.problem = problem;
    this.reason = reason;
    this.line = line;
    this.column = column;
    this.duplicateName = duplicateName;
  }

  public Problem problem() {
    return problem;
  }

  /** Why, in a few fixed words ("nested deeper than 64 levels"); never quotes the text. */
  public String reason() {
    return reason;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** The member name given twice, for {@link Problem#DUPLICATE}; else null. */
  public String duplicateName() {
    return duplicateName;
  }
}
