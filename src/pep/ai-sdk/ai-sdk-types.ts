/**
 * The AI SDK types the middleware needs, derived from `ai`'s own `LanguageModelMiddleware` so
 * they follow the installed version (`ai` is an optional peer; this is a type-only import).
 */
import type { LanguageModelMiddleware } from 'ai';

export type { LanguageModelMiddleware };
type TransformParams = NonNullable<LanguageModelMiddleware['transformParams']>;
type WrapGenerate = NonNullable<LanguageModelMiddleware['wrapGenerate']>;
type WrapStream = NonNullable<LanguageModelMiddleware['wrapStream']>;

export type CallOptions = Parameters<TransformParams>[0]['params'];
export type Prompt = CallOptions['prompt'];
export type PromptMessage = Prompt[number];
export type LanguageModel = Parameters<TransformParams>[0]['model'];
export type GenerateResult = Awaited<ReturnType<WrapGenerate>>;
export type StreamResult = Awaited<ReturnType<WrapStream>>;
export type StreamPart = StreamResult['stream'] extends ReadableStream<infer P> ? P : never;
