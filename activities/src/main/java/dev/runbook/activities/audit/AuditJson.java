package dev.runbook.activities.audit;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Jackson as audit output is written: times in ISO-8601 UTC, indented, and every control character
 * escaped, DEL and the C1 controls (U+0080 to U+009F) too, which plain JSON would leave raw, so printing
 * the JSON in a terminal cannot send it a control sequence.
 */
public final class AuditJson {
  /** The mapper; thread-safe. */
  public static final ObjectMapper MAPPER = mapper();

  private AuditJson() {}

  private static ObjectMapper mapper() {
    ObjectMapper m = new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
    m.getFactory().setCharacterEscapes(new ControlEscapes());
    return m;
  }

  private static final class ControlEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii;

    ControlEscapes() {
      ascii = CharacterEscapes.standardAsciiEscapesForJSON();
      ascii[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch >= 0x80 && ch <= 0x9f ? new SerializedString(String.format("\\u%04x", ch)) : null;
    }
  }
}
