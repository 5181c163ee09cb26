// Initializers in the configs of ganforge's custom layers. tfjs-layers keeps its own
// getInitializer / serializeInitializer private, so these do the same through public API: an
// initializer is saved as { className, config } and found again in the serialization registry.
import * as tf from '@tensorflow/tfjs';

export type Initializer = ReturnType<typeof tf.initializers.zeros>;
export type InitializerName = keyof typeof tf.initializers;
/** An initializer object, the name of a tf.initializers factory, or a saved { className, config }. */
export type InitializerSpec = Initializer | InitializerName | tf.serialization.ConfigDict;

const DETERMINISTIC: readonly string[] = ['zeros', 'ones', 'constant', 'identity'];

/**
 * The initializer `spec` describes; a name is created with `seed`. tfjs draws an unseeded
 * initializer's values from Math.random, so a random one named without a seed is refused.
 */
export function resolveInitializer(spec: InitializerSpec, seed: number | undefined, what: string): Initializer {
  if (spec instanceof tf.serialization.Serializable) return spec as Initializer;
  if (typeof spec === 'string') {
    const factory = tf.initializers[spec] as ((args: object) => Initializer) | undefined;
    if (!factory) throw new Error(`${what}: unknown initializer "${spec}"; choose one of ${Object.keys(tf.initializers).join(', ')}.`);
    if (seed === undefined && !DETERMINISTIC.includes(spec)) {
      throw new Error(`${what}: the random initializer "${spec}" needs a seed (drawn from an Rng).`);
    }
    return factory({ seed });
  }
  const className = String(spec.className);
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw new Error(`${what}: unknown initializer class "${className}".`);
  const [cls, fromConfig] = entry;
  return fromConfig(cls, (spec.config ?? {}) as tf.serialization.ConfigDict) as Initializer;
}

/** What getConfig stores for an initializer, and resolveInitializer reads back. */
export function initializerConfig(init: Initializer): tf.serialization.ConfigDict {
  return { className: init.getClassName(), config: init.getConfig() };
}
