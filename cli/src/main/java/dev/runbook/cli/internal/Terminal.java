package dev.runbook.cli.internal;

/**
 * Text from the catalog made safe to print: a run's summary, a step's detail or a name may hold what a
 * remote system answered, and a terminal would act on its control sequences (colours, cursor moves,
 * window titles, clearing the screen). Every control character becomes a visible escape.
 */
public final class Terminal {
  private Terminal() {}

  /**
   * {@code text} with C0 controls (ESC, BEL, CR, LF, TAB, ...), DEL and C1 controls (CSI U+009B, ...) written as
   * {@code \e}, {@code \n}, {@code \t}, {@code \r} or {@code \xNN} / {@code \u009b}; null stays null.
   */
  public static String safe(String text) {
    if (text == null || text.chars().noneMatch(Terminal::control)) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length() + 8);
    text.chars().forEach(c -> {
      if (!control(c)) {
        b.append((char) c);
      } else if (c == 0x1b) {
        b.append("\\e");
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c < 0x80) {
        b.append(String.format("\\x%02x", c));
      } else {
        b.append(String.format("\\u%04x", c));
      }
    });
    return b.toString();
  }

  static boolean control(int c) {
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f);
  }
}
