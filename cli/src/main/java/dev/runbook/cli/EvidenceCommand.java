package dev.runbook.cli;

import dev.runbook.activities.audit.AuditJson;
import dev.runbook.activities.audit.Evidence;
import dev.runbook.activities.audit.RunEvidence;
import dev.runbook.activities.catalog.Catalog;
import dev.runbook.cli.internal.CatalogOptions;
import dev.runbook.cli.internal.CliException;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.EvidenceMarkdown;
import dev.runbook.cli.internal.EvidenceText;
import dev.runbook.cli.internal.RecordedRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook evidence RUN -o DIR}: a run's self-contained audit record as files. */
@Command(name = "evidence", mixinStandardHelpOptions = true,
    description = {"Write the audit record of one run into a directory: evidence.json (docs/evidence.schema.json), "
        + "evidence.md (for an auditor), evidence.txt (as `runbook show` prints it) and SHA256SUMS over the three. "
        + "Reads the catalog without changing it; never writes over an existing file."})
public final class EvidenceCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  CatalogOptions catalog;

  @Parameters(paramLabel = "RUN_ID", description = "A run id, the first characters of one, or a workflow id.")
  String runId;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true,
      description = "Directory to write into; created when missing, and must not already hold evidence files.")
  Path dir;

  @Override
  public Integer call() throws SQLException, IOException, NoSuchAlgorithmException {
    Catalog c = catalog.openReadOnly(config.catalogIfPresent());
    RunEvidence e = Evidence.of(c, RecordedRun.find(c, runId), Instant.now());
    Map<String, String> files = new LinkedHashMap<>();
    files.put("evidence.json", AuditJson.MAPPER.writeValueAsString(e) + "\n");
    files.put("evidence.md", render(e, EvidenceMarkdown::print));
    files.put("evidence.txt", render(e, EvidenceText::print));
    for (String name : new String[] {"evidence.json", "evidence.md", "evidence.txt", "SHA256SUMS"}) {
      if (Files.exists(dir.resolve(name))) {
        throw new CliException(ExitCode.INVALID_INPUT, dir.resolve(name) + " exists; give an empty or new directory");
      }
    }
    Files.createDirectories(dir);
    StringBuilder sums = new StringBuilder();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (Map.Entry<String, String> f : files.entrySet()) {
      byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
      Files.write(dir.resolve(f.getKey()), bytes);
      sums.append(HexFormat.of().formatHex(sha.digest(bytes))).append("  ").append(f.getKey()).append('\n');
    }
    Files.writeString(dir.resolve("SHA256SUMS"), sums);
    PrintWriter out = spec.commandLine().getOut();
    out.println("evidence of run " + e.run().id() + " (" + e.run().runbook() + ", " + e.run().status() + ") written to "
        + dir.toAbsolutePath() + ": " + String.join(", ", files.keySet()) + ", SHA256SUMS");
    return ExitCode.OK;
  }

  private static String render(RunEvidence e, BiConsumer<RunEvidence, PrintWriter> printer) {
    StringWriter text = new StringWriter();
    try (PrintWriter w = new PrintWriter(text)) {
      printer.accept(e, w);
    }
    return text.toString();
  }
}
