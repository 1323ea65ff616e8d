package io.secretsagent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.spi.ConfigException;
import org.junit.jupiter.api.Test;

class BackendsTest {

  @Test
  void findsBundledBackendsByName() throws ConfigException {
    assertEquals("file", Backends.find("file").name());
  }

  @Test
  void unknownNameListsTheValidOnes() {
    ConfigException e = assertThrows(ConfigException.class, () -> Backends.find("nope"));
    assertTrue(e.getMessage().contains("write one of: env, file"), e.getMessage());
  }
}
