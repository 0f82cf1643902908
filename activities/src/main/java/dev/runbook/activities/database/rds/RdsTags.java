package dev.runbook.activities.database.rds;

import dev.runbook.activities.aws.AwsFailures;
import dev.runbook.activities.aws.AwsTags;
import dev.runbook.activities.aws.RunLabels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/** RDS's form of the {@link AwsTags}: read through ListTagsForResource, written through AddTagsToResource. */
final class RdsTags {
  private RdsTags() {}

  /** The tags of what {@code labels}' run makes. */
  static Map<String, String> of(RunLabels labels) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(AwsTags.INSTANCE, labels.instance());
    m.put(AwsTags.RESTORE_POINT, labels.restorePointId());
    m.put(AwsTags.RUN, labels.runId());
    return m;
  }

  static Map<String, String> of(RdsClient rds, String arn) {
    return AwsFailures.call("ListTagsForResource " + arn, () -> rds.listTagsForResource(r -> r.resourceName(arn)).tagList()
        .stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)));
  }

  static List<Tag> list(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }

  static void add(RdsClient rds, String arn, Map<String, String> tags) {
    AwsFailures.call("AddTagsToResource " + arn, () -> rds.addTagsToResource(r -> r.resourceName(arn).tags(list(tags))));
  }

  static void remove(RdsClient rds, String arn, List<String> keys) {
    AwsFailures.call("RemoveTagsFromResource " + arn, () -> rds.removeTagsFromResource(r -> r.resourceName(arn).tagKeys(keys)));
  }
}
