package io.harborhaguard.consistency;

import java.util.Optional;

/** Where HA groups keep their pins. Implementations must let exactly one concurrent pin win. */
public interface PinStore {

  /** Stores {@code candidate} unless the group has a pin; returns the pin now in force. */
  GroupPin pinIfAbsent(GroupPin candidate) throws StoreException;

  /**
   * Replaces the group's pin with {@code candidate} unless the stored pin already honoured the same
   * re-pin token; returns the pin now in force.
   */
  GroupPin repin(GroupPin candidate) throws StoreException;

  Optional<GroupPin> find(String group) throws StoreException;

  /** Short name for messages, e.g. {@code kubernetes} or {@code postgresql}. */
  String name();

  /** The store could not be read or written. */
  class StoreException extends Exception {
    public StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
