package dev.runbook.activities.catalog;

/** The catalog database cannot be reached, migrated or written; the message names the URL, never a password. */
public final class CatalogUnavailableException extends RuntimeException {
  public CatalogUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
