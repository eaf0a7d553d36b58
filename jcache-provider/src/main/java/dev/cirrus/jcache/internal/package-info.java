/**
 * Everything behind the public API: public only because the provider's packages use each other.
 * Applications and integrations must not depend on it; it changes without notice. The API is
 * listed in docs/architecture.md ("Public API") and checked by {@code ArchitectureTest}.
 */
package dev.cirrus.jcache.internal;
