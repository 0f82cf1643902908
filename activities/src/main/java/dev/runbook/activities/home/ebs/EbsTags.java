package dev.runbook.activities.home.ebs;

import dev.runbook.activities.aws.AwsTags;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** EC2's form of the {@link AwsTags} (tags, tag specifications, filters), and the keys only EC2 resources carry. */
public final class EbsTags {
  public static final String INSTANCE = AwsTags.INSTANCE;
  public static final String RESTORE_POINT = AwsTags.RESTORE_POINT;
  public static final String RUN = AwsTags.RUN;
  public static final String KEPT_BY_RUN = AwsTags.KEPT_BY_RUN;
  /** On a copy: the snapshot it was copied from. */
  public static final String COPY_OF = "runbook:copy-of";
  /** On a volume a restore made: the snapshot it was made from. */
  public static final String FROM_SNAPSHOT = "runbook:from-snapshot";

  private EbsTags() {}

  static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  /** Tags for what the run {@code runId} makes for {@code restorePointId} of {@code instance}, plus {@code extra}. */
  static TagSpecification spec(ResourceType type, String instance, String restorePointId, String runId, Tag... extra) {
    List<Tag> tags = new ArrayList<>(List.of(tag(INSTANCE, instance), tag(RESTORE_POINT, restorePointId), tag(RUN, runId)));
    tags.addAll(List.of(extra));
    return TagSpecification.builder().resourceType(type).tags(tags).build();
  }

  static Filter filter(String key, String value) {
    return Filter.builder().name("tag:" + key).values(value).build();
  }

  /** True when {@code tags} has {@code key} with exactly {@code value}. */
  static boolean has(List<Tag> tags, String key, String value) {
    return tags.stream().anyMatch(t -> t.key().equals(key) && t.value().equals(value));
  }
}
