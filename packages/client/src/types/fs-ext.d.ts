// The part of fs-ext (a native addon without type declarations) that the SDK uses.
declare module 'fs-ext' {
  export function flockSync(fd: number, flags: 'sh' | 'ex' | 'shnb' | 'exnb' | 'un'): void;
}
