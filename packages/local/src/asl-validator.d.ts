// asl-validator 4 ships JavaScript only; the part of its API the tests use.
declare module "asl-validator" {
  interface AslValidatorOptions {
    checkPaths?: boolean;
    checkArn?: boolean;
  }
  interface AslValidatorResult {
    isValid: boolean;
    errors: unknown[];
    errorsText(separator?: string): string;
  }
  export default function aslValidator(definition: unknown, options?: AslValidatorOptions): AslValidatorResult;
}
