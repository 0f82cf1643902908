package dev.runbook.activities.catalog;

import java.sql.SQLException;

/** Where the Bitbucket activities record the maintenance locks they take and release; the {@link Catalog} in a worker. */
public interface LockRecords {
  void lockTaken(HeldLock lock) throws SQLException;

  void lockReleased(String instance, String unlockToken) throws SQLException;

  /** Records nothing: for tests of the Bitbucket protocol alone, where no sweep runs. */
  LockRecords NONE = new LockRecords() {
    @Override
    public void lockTaken(HeldLock lock) {}

    @Override
    public void lockReleased(String instance, String unlockToken) {}
  };
}
