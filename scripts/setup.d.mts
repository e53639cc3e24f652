// Types for the plain-Node setup script, which the tests import.
export declare function runtimePin(dir?: string): { version: string; major: number; range: string };
export declare function satisfies(version: string, range: string): boolean;
export declare function ensureNode(): string;
