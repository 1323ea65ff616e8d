package io.secretsagent.internal.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.fakepool.integration.FakePoolFamily;
import io.secretsagent.harness.FakeScheduler;
import io.secretsagent.internal.config.KeySpec;
import io.secretsagent.internal.store.ManagedKey;
import io.secretsagent.internal.store.ManagedKeyValues;
import io.secretsagent.pool.PoolFamily;
import io.secretsagent.pool.PoolIntegration;
import io.secretsagent.spi.SecretRef;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Follows docs/pool-integrations.md for a fake pool family (test sources {@code
 * io.secretsagent.fakepool}): its constructor is patched as discovery patches it, the pool is
 * announced through the same hook the bridge offers, its integration is loaded beside the library
 * in its own two-parent loader, and a rotation reaches the pool through the typed contract.
 */
class FakePoolGuideTest {

  private static final String LIBRARY = "io.secretsagent.fakepool.lib.";

  private final PoolFamily family = new FakePoolFamily();
  private final ManagedKey password =
      new ManagedKey(
          KeySpec.Kind.ENVIRONMENT, "DB_PASSWORD", new SecretRef("db-password", null), null);
  private final List<ManagedKey> keys = List.of(password);
  private final FakeSecrets secrets = new FakeSecrets(keys);
  private final FakeScheduler scheduler = new FakeScheduler();
  private final PoolBinder binder =
      new PoolBinder(
          secrets,
          keys,
          Map.of(),
          List.of(family),
          scheduler,
          scheduler::nanoTime,
          Clock.systemUTC());
  private final ClassLoader library = new LibraryLoader(family);

  @BeforeEach
  void hook() {
    ManagedKeyValues.set(password, "pw-1");
    ConstructorHookStandIn.hook = binder;
  }

  @AfterEach
  void unhook() {
    ConstructorHookStandIn.hook = null;
  }

  private Object newPool(String name, String user, String pass) throws Exception {
    return Class.forName(LIBRARY + "FakePool", true, library)
        .getConstructor(String.class, String.class, String.class)
        .newInstance(name, user, pass);
  }

  private static Object call(Object pool, String method) throws Exception {
    return pool.getClass().getMethod(method).invoke(pool);
  }

  @Test
  void aFakePoolIsFoundBoundAndMovedToTheRotatedPassword() throws Exception {
    Object pool = newPool("fake", "app", "pw-1");
    call(pool, "start");
    scheduler.runDue();
    assertEquals(
        List.of("fake -> secret 'db-password' (password), swaps 0, validation logins refused 0"),
        binder.status());

    secrets.rotate(password, "pw-2");

    assertEquals("pw-2", call(pool, "password"), "the fake pool received the rotated password");
    assertEquals("app", call(pool, "username"), "and kept its username");
    assertTrue(binder.status().get(0).contains("swaps 1, last swap "), binder.status().toString());
    assertTrue(binder.status().get(0).endsWith(" APPLIED, validation logins refused 0"));
  }

  @Test
  void theIntegrationLivesInItsOwnLoaderAndSharesOnlyTheContract() throws Exception {
    Object pool = newPool("fake", "app", "pw-1");
    ClassLoader integrationLoader = new PoolLoader(library, getClass().getClassLoader(), pkg());
    Class<?> integration = Class.forName(family.integrationClass(), true, integrationLoader);

    assertInstanceOf(PoolLoader.class, integration.getClassLoader());
    assertTrue(PoolIntegration.class.isAssignableFrom(integration), "one contract, one Class");
    Class<?> poolSeen = Class.forName(LIBRARY + "FakePool", false, integrationLoader);
    assertEquals(pool.getClass(), poolSeen, "the library comes from the library's loader");
    assertNotSame(
        Class.forName(LIBRARY + "FakePool"), poolSeen, "not the copy on the test class path");
  }

  @Test
  void aPoolThatNeverStartsIsGivenUpWithinTheBound() throws Exception {
    newPool("never-started", "app", "pw-1");
    scheduler.advance(PoolBinder.START_WAIT.minusMillis(100));
    assertEquals(1, scheduler.pending(), "still waiting for the pool to start");

    scheduler.advance(Duration.ofSeconds(1));

    assertEquals(0, scheduler.pending(), "given up: nothing left scheduled");
    assertEquals(List.of(), binder.status());
    assertEquals(List.of(), secrets.listeners);
  }

  @Test
  void aClosedPoolIsLetGo() throws Exception {
    Object pool = newPool("fake", "app", "pw-1");
    call(pool, "start");
    scheduler.runDue();
    assertEquals(1, secrets.listeners.size());

    call(pool, "close");
    scheduler.advance(Duration.ofMillis(100));

    assertEquals(List.of(), secrets.listeners);
    assertEquals(List.of(), binder.status());
    assertEquals(0, scheduler.pending(), "the integration's watch ended");
  }

  @Test
  void aPoolWhosePasswordIsNotServedIsLeftAlone() throws Exception {
    Object pool = newPool("other", "app", "not-served");
    call(pool, "start");
    scheduler.runDue();

    secrets.rotate(password, "pw-2");

    assertEquals(List.of(), binder.status());
    assertEquals("not-served", call(pool, "password"));
  }

  private String pkg() {
    String name = family.integrationClass();
    return name.substring(0, name.lastIndexOf('.'));
  }

  /**
   * The application's loader holding the pool library: defines it itself (child first), with the
   * watched constructor patched as {@link PoolDiscovery} patches it, calling the stand-in hook.
   */
  private static final class LibraryLoader extends ClassLoader {
    private final PoolFamily family;

    LibraryLoader(PoolFamily family) {
      super(FakePoolGuideTest.class.getClassLoader());
      this.family = family;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(LIBRARY)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        return c != null ? c : findClass(name);
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
        byte[] bytes = in.readAllBytes();
        if (name.equals(family.watchedClass())) {
          bytes = ConstructorPatch.patch(bytes, family, ConstructorHookStandIn.INTERNAL_NAME);
        }
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }
  }
}
