// A caption as a text-to-image generator's condition, computed in the browser as
// encodeSentences (src/text/sentence_encoder.ts) does in Node: the same tokenizer module, the
// encoder on the padded ids, and the embedding L2-normalised.
import * as tf from '@tensorflow/tfjs';
import { tokenize, unknownWordsMessage, type Vocabulary } from '../../../src/text/tokenizer.ts';

export interface SentenceEncoder { model: tf.LayersModel; vocabulary: Vocabulary }

export interface EncodedCaption {
  /** One row: the caption's unit-length embedding. */
  embedding: Float32Array;
  /** The caption's words in order, with their ids (undefined: not in the vocabulary, skipped). */
  words: { word: string; id?: number }[];
  /** One sentence naming the skipped words, or ''. */
  warning: string;
}

/** Throws the vocabulary's own message for a caption with no known word or too many words. */
export function encodeCaption(encoder: SentenceEncoder, caption: string): EncodedCaption {
  const { ids, unknown } = encoder.vocabulary.encode(caption);
  const embedding = tf.tidy(() => {
    const e = encoder.model.predict(tf.tensor2d(ids, [1, ids.length], 'int32')) as tf.Tensor2D;
    // The same normalisation as encodeSentences: x / sqrt(|x|^2 + 1e-12).
    return e.mul(e.square().sum(1, true).add(1e-12).rsqrt());
  });
  const values = embedding.dataSync().slice() as Float32Array;
  embedding.dispose();
  return {
    embedding: values,
    words: tokenize(caption).map((word) => ({ word, id: encoder.vocabulary.id(word) })),
    warning: unknownWordsMessage(unknown, encoder.vocabulary),
  };
}
