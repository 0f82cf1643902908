package dev.runbook.worker.webhook;

/** A body that cannot be read as an alert; the message names the field at fault and never repeats the body. */
public final class MalformedRequestException extends RuntimeException {
  public MalformedRequestException(String message) {
    super(message);
  }
}
