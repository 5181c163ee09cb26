// Custom tfjs-layers layers for GANs. Importing this module registers them for deserialisation,
// so it must be imported before loading a saved model that contains them.
export { Maxout, maxout, type MaxoutConfig } from './maxout.ts';
export { MinibatchDiscrimination, minibatchDiscrimination, type MinibatchDiscriminationConfig } from './minibatch_discrimination.ts';
export { MinibatchStddev, minibatchStddev, effectiveGroupSize, type MinibatchStddevConfig } from './minibatch_stddev.ts';
export type { InitializerName, InitializerSpec } from './initializers.ts';
