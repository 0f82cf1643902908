package dev.runbook.activities.home.ebs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Where an attached EBS volume appears on its instance. The seam between EC2's view (volume id,
 * attach device name) and the host's block devices, so that tests can stand loop devices in for
 * attached volumes.
 */
@FunctionalInterface
public interface VolumeDevices {
  /** Paths the volume may appear under, most specific first; the first that is a block device wins. */
  List<String> candidates(String volumeId, String attachDevice);

  /**
   * EC2's naming: on Nitro instances the NVMe device's by-id link carries the volume id without its
   * dash; on Xen instances the attach name, or its {@code xvd} form.
   */
  VolumeDevices EC2 = byIdDirectory("/dev/disk/by-id");

  /**
   * EC2's naming with the by-id links looked for in {@code dir} instead of {@code /dev/disk/by-id}:
   * tests link loop devices there under the names udev gives attached EBS volumes.
   */
  static VolumeDevices byIdDirectory(String dir) {
    return (volumeId, attachDevice) -> {
      List<String> c = new ArrayList<>();
      c.add(dir + "/nvme-Amazon_Elastic_Block_Store_" + volumeId.replace("-", ""));
      if (attachDevice != null) {
        c.add(attachDevice);
        if (attachDevice.startsWith("/dev/sd")) {
          c.add("/dev/xvd" + attachDevice.substring("/dev/sd".length()));
        }
      }
      return c;
    };
  }

  /** A fixed mapping, for tests: {@code devices.apply(volumeId)} is the device, or null. */
  static VolumeDevices mapped(Function<String, String> devices) {
    return (volumeId, attachDevice) -> {
      String d = devices.apply(volumeId);
      return d == null ? List.of() : List.of(d);
    };
  }
}
