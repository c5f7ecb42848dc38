// Package docs holds guardctl's operator documentation (Markdown). Its only
// code is a test that every relative link in README.md and in docs/ resolves,
// so a moved file or a renamed heading fails the build instead of a reader.
package docs
