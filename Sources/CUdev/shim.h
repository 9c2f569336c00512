#include <libudev.h>
// Glibc does not bring struct input_event; evdev readers need it.
#include <linux/input.h>
