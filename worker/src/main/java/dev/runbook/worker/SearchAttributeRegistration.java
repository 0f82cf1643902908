package dev.runbook.worker;

import dev.runbook.workflows.RunbookSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes sure the project's search attributes exist on a namespace before any workflow upserts them:
 * a workflow that upserts an unregistered attribute fails its tasks forever.
 */
public final class SearchAttributeRegistration {
  private SearchAttributeRegistration() {}

  /**
   * Registers whichever of {@link RunbookSearchAttributes#ALL} are missing.
   *
   * @throws IllegalStateException naming the attributes and the command to register them when the
   *     server refuses (for example missing admin permission on a shared cluster)
   */
  public static void ensure(WorkflowServiceStubs stubs, String namespace) {
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder().setChannel(stubs.getRawChannel()).validateAndBuildWithDefaults());
    List<String> missing = new ArrayList<>(RunbookSearchAttributes.ALL.stream().map(k -> k.getName()).toList());
    try {
      Map<String, IndexedValueType> existing = operator.blockingStub()
          .listSearchAttributes(ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
          .getCustomAttributesMap();
      missing.removeIf(existing::containsKey);
    } catch (StatusRuntimeException e) {
      // The embedded test server cannot list attributes; adding them all is idempotent there.
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        throw refused(namespace, missing, e);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    AddSearchAttributesRequest.Builder add = AddSearchAttributesRequest.newBuilder().setNamespace(namespace);
    missing.forEach(name -> add.putSearchAttributes(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    try {
      operator.blockingStub().addSearchAttributes(add.build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
        throw refused(namespace, missing, e);
      }
    }
  }

  private static IllegalStateException refused(String namespace, List<String> names, StatusRuntimeException e) {
    String cmd = names.stream().map(n -> "--name " + n + " --type Keyword").reduce((a, b) -> a + " " + b).orElse("");
    return new IllegalStateException("search attributes " + names + " are not registered on namespace " + namespace
        + " and could not be registered (" + e.getStatus().getCode() + "): ask the cluster's admin to run "
        + "`temporal operator search-attribute create --namespace " + namespace + " " + cmd + "`");
  }
}
