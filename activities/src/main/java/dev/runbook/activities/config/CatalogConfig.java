package dev.runbook.activities.config;

/**
 * The catalog database.
 *
 * @param url {@code jdbc:sqlite:/path/catalog.db} or {@code jdbc:postgresql://host:port/db}; never with a password in it
 * @param user the database user (PostgreSQL)
 * @param password the database password by reference (PostgreSQL)
 */
public record CatalogConfig(String url, String user, SecretRef password) {}
