package dev.runbook.workflows.approval;

import java.util.List;

/**
 * How a run's request and decisions are trusted, from the configuration's {@code approval} and {@code approvers}.
 *
 * @param mode {@link #SIGNED}: requests and decisions carry SSH signatures by {@code approvers}' keys, checked by the
 *     workflow and again by the agents; {@link #NAMED} (the default): names as given, no proof
 * @param approvers who may request and approve; empty in {@code named} mode
 */
public record ApprovalPolicy(String mode, List<Approver> approvers) {
  public static final String SIGNED = "signed";
  public static final String NAMED = "named";

  public ApprovalPolicy {
    mode = mode == null ? NAMED : mode;
    approvers = approvers == null ? List.of() : List.copyOf(approvers);
  }

  /** True when requests and decisions must be signed. */
  public boolean signed() {
    return SIGNED.equals(mode);
  }

  /** Whether {@code policy} asks for signatures; null (runs recorded before signed approvals) does not. */
  public static boolean signed(ApprovalPolicy policy) {
    return policy != null && policy.signed();
  }
}
