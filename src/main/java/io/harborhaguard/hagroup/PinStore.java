package io.harborhaguard.hagroup;

import java.util.Map;
import java.util.Optional;

/** Where HA groups keep their pins. Implementations must let exactly one concurrent pin win. */
public interface PinStore {

  /** Stores {@code candidate} unless the group has a pin; returns the pin now in force. */
  HaGroupPin pinIfAbsent(HaGroupPin candidate) throws StoreException;

  /**
   * Replaces the group's pin with {@code candidate} unless the stored pin already honoured the same
   * re-pin token; returns the pin now in force.
   */
  HaGroupPin repin(HaGroupPin candidate) throws StoreException;

  Optional<HaGroupPin> find(String group) throws StoreException;

  /**
   * Adds to the group's pin the shared fingerprints of {@code shared} it has no value for (a pin
   * stored before those keys were pinned); the values it holds stay. Returns the pin now in force.
   */
  HaGroupPin addShared(String group, Map<String, String> shared) throws StoreException;

  /** Short name for messages, e.g. {@code kubernetes} or {@code postgresql}. */
  String name();

  /** The store could not be read or written. */
  class StoreException extends Exception {
    public StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
