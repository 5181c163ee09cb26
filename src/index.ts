// ganforge's public API.
export { useBackend, BACKEND_NAMES, type BackendName } from './engine/backend.ts';
export { registerNativeBackend, NATIVE_BACKEND } from './engine/native_backend.ts';
