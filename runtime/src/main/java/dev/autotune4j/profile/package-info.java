/**
 * Internal: shapes, buckets and keys: the profiles a config generates, the key of a live call, synthesized inputs.
 * Not exported; {@code dispatch.Profiles} shows a config's profiles to applications.
 */
package dev.autotune4j.profile;
