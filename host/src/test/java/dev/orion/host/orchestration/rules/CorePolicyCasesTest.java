package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.host.testing.RuleKit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every shared core-policy case through the core policy of its run kind, in memory. */
class CorePolicyCasesTest {

    static Stream<PolicyCase> cases() {
        return CorePolicyCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCorePolicyDecidesAsPrefectDoes(PolicyCase c) {
        var policy = c.given().run().kind() == RunKind.FLOW ? CorePolicies.flow() : CorePolicies.task();
        c.expected().verify(RuleKit.only(policy).decide(c.given()), c.given().now());
    }
}
