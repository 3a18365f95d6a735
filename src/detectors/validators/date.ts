// PLACEHOLDER: validator not implemented yet.
export {};
