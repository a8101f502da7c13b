/* Prints the sizes, offsets and ioctl numbers of the kernel uAPI structs Pinion's FFM providers use, one
 * "name value" per line, compiled against the installed kernel headers (Debian: linux-libc-dev). */
#include <stddef.h>
#include <stdio.h>
#include <linux/gpio.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <linux/spi/spidev.h>

#define P(name, v) printf("%s %llu\n", name, (unsigned long long)(v))
#define S(t) P("sizeof " #t, sizeof(struct t))
#define O(t, f) P("offsetof " #t "." #f, offsetof(struct t, f))

int main(void) {
    S(gpiochip_info); O(gpiochip_info, label); O(gpiochip_info, lines);
    S(gpio_v2_line_attribute); O(gpio_v2_line_attribute, flags);
    S(gpio_v2_line_config_attribute); O(gpio_v2_line_config_attribute, mask);
    S(gpio_v2_line_config); O(gpio_v2_line_config, num_attrs); O(gpio_v2_line_config, attrs);
    S(gpio_v2_line_request); O(gpio_v2_line_request, consumer); O(gpio_v2_line_request, config);
    O(gpio_v2_line_request, num_lines); O(gpio_v2_line_request, event_buffer_size); O(gpio_v2_line_request, fd);
    S(gpio_v2_line_info); O(gpio_v2_line_info, offset); O(gpio_v2_line_info, flags); O(gpio_v2_line_info, attrs);
    S(gpio_v2_line_values); O(gpio_v2_line_values, mask);
    S(gpio_v2_line_event); O(gpio_v2_line_event, id); O(gpio_v2_line_event, offset); O(gpio_v2_line_event, seqno);
    O(gpio_v2_line_event, line_seqno);
    P("GPIO_GET_CHIPINFO_IOCTL", GPIO_GET_CHIPINFO_IOCTL);
    P("GPIO_V2_GET_LINEINFO_IOCTL", GPIO_V2_GET_LINEINFO_IOCTL);
    P("GPIO_V2_GET_LINE_IOCTL", GPIO_V2_GET_LINE_IOCTL);
    P("GPIO_V2_LINE_SET_CONFIG_IOCTL", GPIO_V2_LINE_SET_CONFIG_IOCTL);
    P("GPIO_V2_LINE_GET_VALUES_IOCTL", GPIO_V2_LINE_GET_VALUES_IOCTL);
    P("GPIO_V2_LINE_SET_VALUES_IOCTL", GPIO_V2_LINE_SET_VALUES_IOCTL);
    P("GPIO_V2_LINE_FLAG_ACTIVE_LOW", GPIO_V2_LINE_FLAG_ACTIVE_LOW);
    P("GPIO_V2_LINE_FLAG_INPUT", GPIO_V2_LINE_FLAG_INPUT);
    P("GPIO_V2_LINE_FLAG_OUTPUT", GPIO_V2_LINE_FLAG_OUTPUT);
    P("GPIO_V2_LINE_FLAG_EDGE_RISING", GPIO_V2_LINE_FLAG_EDGE_RISING);
    P("GPIO_V2_LINE_FLAG_EDGE_FALLING", GPIO_V2_LINE_FLAG_EDGE_FALLING);
    P("GPIO_V2_LINE_FLAG_BIAS_PULL_UP", GPIO_V2_LINE_FLAG_BIAS_PULL_UP);
    P("GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN", GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN);
    P("GPIO_V2_LINE_FLAG_BIAS_DISABLED", GPIO_V2_LINE_FLAG_BIAS_DISABLED);
    P("GPIO_V2_LINE_ATTR_ID_FLAGS", GPIO_V2_LINE_ATTR_ID_FLAGS);
    P("GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES", GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES);
    P("GPIO_V2_LINE_ATTR_ID_DEBOUNCE", GPIO_V2_LINE_ATTR_ID_DEBOUNCE);
    P("GPIO_V2_LINE_EVENT_RISING_EDGE", GPIO_V2_LINE_EVENT_RISING_EDGE);
    P("GPIO_V2_LINE_EVENT_FALLING_EDGE", GPIO_V2_LINE_EVENT_FALLING_EDGE);
    S(i2c_msg); O(i2c_msg, flags); O(i2c_msg, len); O(i2c_msg, buf);
    S(i2c_rdwr_ioctl_data); O(i2c_rdwr_ioctl_data, nmsgs);
    P("I2C_SLAVE", I2C_SLAVE); P("I2C_FUNCS", I2C_FUNCS); P("I2C_RDWR", I2C_RDWR);
    P("I2C_M_RD", I2C_M_RD); P("I2C_FUNC_I2C", I2C_FUNC_I2C); P("I2C_RDWR_IOCTL_MAX_MSGS", I2C_RDWR_IOCTL_MAX_MSGS);
    S(spi_ioc_transfer); O(spi_ioc_transfer, rx_buf); O(spi_ioc_transfer, len); O(spi_ioc_transfer, speed_hz);
    O(spi_ioc_transfer, delay_usecs); O(spi_ioc_transfer, bits_per_word); O(spi_ioc_transfer, cs_change);
    P("SPI_IOC_MESSAGE(1)", SPI_IOC_MESSAGE(1)); P("SPI_IOC_MESSAGE(3)", SPI_IOC_MESSAGE(3));
    P("SPI_IOC_WR_MODE", SPI_IOC_WR_MODE); P("SPI_IOC_RD_MODE", SPI_IOC_RD_MODE);
    P("SPI_IOC_WR_BITS_PER_WORD", SPI_IOC_WR_BITS_PER_WORD); P("SPI_IOC_WR_MAX_SPEED_HZ", SPI_IOC_WR_MAX_SPEED_HZ);
    return 0;
}
