/**
 * The core orchestration rules, ported rule for rule from Prefect 2.20's {@code CoreFlowPolicy}
 * and {@code CoreTaskPolicy}, and {@link dev.orion.host.orchestration.rules.CorePolicies}, which
 * lists them in policy order. Every rule is stateless and thread-safe: one instance serves every
 * transition, and what a rule must remember between its hooks lives in
 * {@link dev.orion.api.orchestration.TransitionContext#ruleData()}.
 */
package dev.orion.host.orchestration.rules;
