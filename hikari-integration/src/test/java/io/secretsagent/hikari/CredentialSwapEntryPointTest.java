package io.secretsagent.hikari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class CredentialSwapEntryPointTest {

    @Test
    void bindsThroughJdkTypesOnly() throws Exception {
        FakeDatabase database = new FakeDatabase(Credentials.of("app", "v2"));
        ManualScheduler scheduler = new ManualScheduler();
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setPoolName("jdk-typed");
            pool.setDataSource(database.dataSource());
            pool.setUsername("app");
            pool.setPassword("v1");
            Object untyped = pool;

            BiFunction<String, String, CompletionStage<String>> swap = CredentialSwapEntryPoint.bind(untyped,
                    scheduler, Duration.ofMillis(10), Duration.ofMillis(40));

            assertEquals("APPLIED", swap.apply("app", "v2").toCompletableFuture().getNow(null));
            assertEquals("v2", pool.getPassword());
            assertEquals("CredentialSwapper[jdk-typed]", swap.toString());
            ((AutoCloseable) swap).close();
        }
    }

    @Test
    void namesWhatItGotInsteadOfAHikariDataSource() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> CredentialSwapEntryPoint.bind("not a pool", new ManualScheduler(), Duration.ofMillis(1),
                        Duration.ofMillis(1)));
        assertTrue(wrong.getMessage().startsWith("expected a com.zaxxer.hikari.HikariDataSource from "),
                wrong.getMessage());
        assertTrue(wrong.getMessage().contains(", got java.lang.String from null"), wrong.getMessage());
    }
}
