import { describeValue, EventValidationError } from './event-error';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Typed access to an untrusted JSON payload. Every failure names the event and the JSON path, so a
 * DLQ message says exactly which field of which event was wrong.
 */
export class Fields {
  constructor(
    readonly eventId: string,
    readonly value: JsonObject,
    readonly path = '$',
  ) {}

  static root(eventId: string, value: unknown, path = '$'): Fields {
    if (!isObject(value))
      throw new EventValidationError(eventId, path, `expected an object, got ${describeValue(value)}`);
    return new Fields(eventId, value, path);
  }

  fail(key: string, problem: string): never {
    throw new EventValidationError(this.eventId, this.pathOf(key), problem);
  }

  pathOf(key: string): string {
    return `${this.path}.${key}`;
  }

  string(key: string): string {
    const value = this.value[key];
    if (typeof value !== 'string' || value === '')
      this.fail(key, `expected a non-empty string, got ${describeValue(value)}`);
    return value;
  }

  optionalString(key: string): string | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.fail(key, `expected a string, got ${describeValue(value)}`);
    return value;
  }

  optionalBoolean(key: string): boolean | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') this.fail(key, `expected true or false, got ${describeValue(value)}`);
    return value;
  }

  object(key: string): Fields {
    return Fields.root(this.eventId, this.value[key], this.pathOf(key));
  }

  optionalObject(key: string): Fields | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    return Fields.root(this.eventId, value, this.pathOf(key));
  }

  /** A string holding JSON (AWS Config sends `invokingEvent` and `ruleParameters` this way). */
  jsonString(key: string): Fields {
    const text = this.string(key);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error: unknown) {
      this.fail(
        key,
        `expected a JSON string, could not parse it (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    return Fields.root(this.eventId, parsed, this.pathOf(key));
  }

  array(key: string): unknown[] {
    const value = this.value[key];
    if (!Array.isArray(value)) this.fail(key, `expected an array, got ${describeValue(value)}`);
    return value;
  }
}
