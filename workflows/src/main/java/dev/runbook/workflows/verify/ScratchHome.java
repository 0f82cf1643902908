package dev.runbook.workflows.verify;

import java.util.List;

/** The writable scratch clones of a restore point's home, one per mount, in the mounts' order. */
public record ScratchHome(List<String> paths) {}
