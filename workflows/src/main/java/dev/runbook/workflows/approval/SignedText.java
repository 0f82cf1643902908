package dev.runbook.workflows.approval;

/** The line format of signed texts: {@code name: value}, with backslashes and line breaks escaped so no value adds a line. */
public final class SignedText {
  private SignedText() {}

  /** One line of a signed text. */
  public static String line(String name, String value) {
    String v = value == null ? "-" : value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    return name + ": " + v + "\n";
  }
}
