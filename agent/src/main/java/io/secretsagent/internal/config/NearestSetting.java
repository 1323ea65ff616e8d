package io.secretsagent.internal.config;

import java.util.Locale;
import java.util.function.Function;

/** "Did you mean" hints: the declared setting whose name is nearest to a mistyped one. */
public final class NearestSetting {

  private NearestSetting() {}

  /**
   * The setting whose name in one form is nearest to {@code typed}, for "did you mean" hints: the
   * same name in another case, a name it begins or that begins with it, else one within a few
   * typing mistakes.
   *
   * @param form the form compared, e.g. {@link Setting#argumentName()} or {@link
   *     Setting#environmentName()}
   * @return null when no name is near
   */
  public static Setting find(String typed, Function<Setting, String> form) {
    String t = typed.trim().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      return null;
    }
    Setting best = null;
    int bestDistance = Math.max(2, t.length() / 4) + 1;
    for (Setting s : Setting.values()) {
      int d = distance(t, form.apply(s).toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = s;
        bestDistance = d;
      }
    }
    if (best != null) {
      return best;
    }
    for (Setting s : Setting.values()) { // the longest name that it begins, or that begins with it
      String name = form.apply(s).toLowerCase(Locale.ROOT);
      if ((name.startsWith(t) || t.startsWith(name))
          && (best == null || name.length() > form.apply(best).length())) {
        best = s;
      }
    }
    return best;
  }

  /** Levenshtein distance: insertions, deletions and substitutions. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
